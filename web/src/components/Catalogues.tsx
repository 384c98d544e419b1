// Catalogue options for selects (document types, registers).
import { useQuery } from 'urql';
import { graphql } from '../graphql';

const TYPES = graphql(`query DocumentTypes { documentTypes(first: 200) { nodes { code name abbreviation active } } }`);

export function useDocumentTypes() {
  const [{ data }] = useQuery({ query: TYPES, requestPolicy: 'cache-first' });
  const nodes = data?.documentTypes.nodes ?? [];
  return {
    options: nodes.filter((n) => n.active).map((n) => ({ value: n.code, label: n.name })),
    name: (code: string) => nodes.find((n) => n.code === code)?.name ?? code,
  };
}

export const URGENCIES = ['NORMAL', 'URGENT', 'VERY_URGENT', 'FLASH'] as const;
export const CONFIDENTIALITIES = ['NORMAL', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'] as const;
