// Typed GraphQL documents from the committed SDL (schemas/graphql/schema.graphql, turned into
// src/graphql-env.d.ts by `npm run gen`).
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: {
    DateTime: string;
    NaiveDate: string;
    JSON: unknown;
    ID: string;
  };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
