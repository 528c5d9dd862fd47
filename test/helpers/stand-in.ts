/**
 * An object that stands for one a mocha hook creates later: property reads, writes and method calls go to the
 * current one (methods bound to it); using it while there is none throws.
 */
export function standIn<T extends object>(current: () => T | undefined, what: string): T {
  const get = (): T => {
    const target = current();
    if (!target) throw new Error(`${what} is used outside its suite, or before its hook ran`);
    return target;
  };
  return new Proxy({} as T, {
    get(_, property) {
      const target = get();
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
    set(_, property, value) {
      return Reflect.set(get(), property, value);
    },
  });
}
