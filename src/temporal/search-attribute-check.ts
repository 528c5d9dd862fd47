/**
 * Startup check of the worker and the webhook: the namespace must have every search attribute the workflows
 * set (SEARCH_ATTRIBUTES), with its type. Without it the first upsert fails the workflow task again and again;
 * here the process refuses to start and says how to add them.
 */
import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { SEARCH_ATTRIBUTES, type SearchAttributeName } from './names.js';

const { IndexedValueType } = proto.temporal.api.enums.v1;

const INDEXED_TYPES = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
} as const;

export interface SearchAttributeProblem {
  readonly name: SearchAttributeName;
  readonly type: (typeof SEARCH_ATTRIBUTES)[SearchAttributeName];
  /** The type the namespace has under this name, when it has the name with another type. */
  readonly found?: string | undefined;
}

/** The namespace lacks search attributes (or has them with another type); `commands` add the missing ones. */
export class MissingSearchAttributesError extends Error {
  override readonly name = 'MissingSearchAttributesError';
  constructor(
    readonly namespace: string,
    readonly missing: readonly SearchAttributeProblem[],
    readonly commands: readonly string[],
  ) {
    const names = missing.map((m) => (m.found ? `${m.name} (is ${m.found}, needs ${m.type})` : m.name));
    super(
      `namespace "${namespace}" lacks the search attributes ${names.join(', ')}. Add them (once per namespace; ` +
        `on Temporal Cloud: tcld namespace search-attributes add, or the namespace's settings page):\n` +
        commands.map((c) => `  ${c}`).join('\n'),
    );
  }
}

/** The `temporal` CLI command that adds one search attribute to a namespace. */
export function searchAttributeCreateCommand(namespace: string, name: SearchAttributeName): string {
  return `temporal operator search-attribute create --namespace ${namespace} --name ${name} --type ${SEARCH_ATTRIBUTES[name]}`;
}

function typeName(value: number): string {
  const name: string | undefined = IndexedValueType[value];
  return name ? name.replace('INDEXED_VALUE_TYPE_', '') : String(value);
}

/** Throws MissingSearchAttributesError unless the namespace has every search attribute with its type. */
export async function assertSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const listed = await connection.operatorService.listSearchAttributes({ namespace });
  const custom = (listed.customAttributes ?? {}) as Record<string, number>;
  const problems: SearchAttributeProblem[] = [];
  for (const name of Object.keys(SEARCH_ATTRIBUTES) as SearchAttributeName[]) {
    const type = SEARCH_ATTRIBUTES[name];
    const have = custom[name];
    if (have === undefined) problems.push({ name, type });
    else if (have !== Number(INDEXED_TYPES[type])) problems.push({ name, type, found: typeName(have) });
  }
  if (problems.length === 0) return;
  const commands = problems
    .filter((p) => !p.found)
    .map((p) => searchAttributeCreateCommand(namespace, p.name));
  throw new MissingSearchAttributesError(namespace, problems, commands);
}
