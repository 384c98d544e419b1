// Names the API gives by id only: units and roles (cached by the client, asked once each).
import { useQuery } from 'urql';
import { graphql } from '../graphql';

const UNIT = graphql(`query UnitName($id: ID!) { unit(id: $id) { id name } }`);
const ROLES = graphql(`query RoleNames { roles(first: 200) { nodes { code name } } }`);

export function UnitName({ id }: { id: string | null | undefined }) {
  const [{ data }] = useQuery({ query: UNIT, variables: { id: id ?? '' }, pause: !id, requestPolicy: 'cache-first' });
  return <>{data?.unit?.name ?? ''}</>;
}

export function useRoleNames(): Map<string, string> {
  const [{ data }] = useQuery({ query: ROLES, requestPolicy: 'cache-first' });
  return new Map((data?.roles.nodes ?? []).map((r) => [r.code, r.name]));
}
