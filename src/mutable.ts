/** A type whose readonly fields may be assigned: a workflow's own state, built up before it is handed out. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
