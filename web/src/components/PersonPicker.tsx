// Picks a person (not a position) by name or username: delegates, owners of signing keys.
import { useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../graphql';

const PEOPLE = graphql(`
  query PersonPickerSearch($search: String) {
    people(search: $search, first: 30) { nodes { id username fullName active } }
  }
`);

export default function PersonPicker({ value, onChange, id, testId }: { value?: string; onChange?: (v: string) => void; id?: string; testId?: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [{ data }] = useQuery({ query: PEOPLE, variables: { search }, pause: search.length < 2 });
  return (
    <Select id={id} data-testid={testId} value={value} onChange={onChange} showSearch={{ filterOption: false, onSearch: setSearch }} placeholder={t('picker.searchPeople')}
      options={(data?.people.nodes ?? []).filter((p) => p.active).map((p) => ({ value: p.id, label: `${p.fullName} (${p.username})` }))} />
  );
}
