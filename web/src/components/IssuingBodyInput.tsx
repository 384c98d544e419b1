// The issuing body of a received document, typed freely or picked from the external agencies
// directory as one types (the same catalogue and search as an outgoing document's recipients:
// "UBND tỉnh Ninh Bình" offers "Ủy ban nhân dân tỉnh Ninh Bình").
import { AutoComplete } from 'antd';
import { useQuery } from 'urql';
import { graphql } from '../graphql';

const AGENCY_NAMES = graphql(`
  query IssuingBodyOptions($search: String) {
    externalAgencies(search: $search, first: 10) { nodes { id name active } }
  }
`);

export default function IssuingBodyInput({ value, onChange, id }: { value?: string; onChange?: (v: string) => void; id?: string }) {
  const search = (value ?? '').trim();
  const [{ data }] = useQuery({ query: AGENCY_NAMES, variables: { search }, pause: search.length < 2 });
  const options = search.length < 2 ? [] : (data?.externalAgencies.nodes ?? []).filter((a) => a.active && a.name !== value).map((a) => ({ value: a.name, label: a.name }));
  return <AutoComplete id={id} value={value} onChange={(v: string) => onChange?.(v)} options={options} data-testid="issuing-body" />;
}
