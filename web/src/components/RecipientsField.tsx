// The recipients of an outgoing document (nơi nhận): units of the organisation tree and
// agencies of the external directory, each marked electronic only or electronic and paper.
import { useEffect, useState } from 'react';
import { Button, Radio, Select, Space, Table, TreeSelect, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useClient, useQuery } from 'urql';
import { graphql } from '../graphql';
import { UNITS } from './PositionPicker';
import { addRecipient, type Delivery, type PickedRecipient } from '../lib/outgoing';

const AGENCIES = graphql(`
  query ExternalAgencyOptions($search: String) {
    externalAgencies(search: $search, first: 30) { nodes { id name identifierCode active } }
  }
`);

interface Flat {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf?: boolean;
}

export default function RecipientsField({ value, onChange, id }: { value?: PickedRecipient[]; onChange?: (v: PickedRecipient[]) => void; id?: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const list = value ?? [];
  const [delivery, setDelivery] = useState<Delivery>('ELECTRONIC_ONLY');
  const [nodes, setNodes] = useState<Flat[]>([]);
  const [search, setSearch] = useState('');
  const [agencies] = useQuery({ query: AGENCIES, variables: { search: search.trim() || null } });

  async function load(parentId: string | null) {
    const r = await client.query(UNITS, { parentId }).toPromise();
    const kids = (r.data?.units.nodes ?? []).map((u) => ({ id: u.id, pId: parentId, value: u.id, title: u.name, isLeaf: u.kind === 'DEPARTMENT' }));
    setNodes((n) => [...n.filter((x) => !kids.some((k) => k.id === x.id)), ...kids]);
    return kids;
  }

  useEffect(() => {
    // The top of the tree and the level below (agencies and their units).
    void load(null).then((roots) => Promise.all(roots.map((r) => load(r.id))));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const add = (r: PickedRecipient) => onChange?.(addRecipient(list, r));

  return (
    <Space orientation="vertical" style={{ width: '100%' }} id={id}>
      <Space wrap>
        <Typography.Text>{t('outgoing.deliveryForNew')}</Typography.Text>
        <Radio.Group
          aria-label={t('outgoing.deliveryForNew')}
          value={delivery}
          onChange={(e) => setDelivery(e.target.value as Delivery)}
          options={[
            { value: 'ELECTRONIC_ONLY', label: t('outgoing.delivery.ELECTRONIC_ONLY') },
            { value: 'ELECTRONIC_AND_PAPER', label: t('outgoing.delivery.ELECTRONIC_AND_PAPER') },
          ]}
        />
      </Space>
      <Space wrap style={{ width: '100%' }}>
        <TreeSelect
          data-testid="recipient-unit"
          aria-label={t('outgoing.addUnit')}
          treeDataSimpleMode
          treeData={nodes}
          value={null as never}
          showSearch
          treeNodeFilterProp="title"
          placeholder={t('outgoing.addUnit')}
          style={{ minWidth: 280 }}
          popupMatchSelectWidth={false}
          loadData={async (node) => {
            await load(String(node.value));
          }}
          onChange={(v: string) => {
            const n = nodes.find((x) => x.value === v);
            if (n) add({ kind: 'unit', id: n.id, name: n.title, delivery });
          }}
        />
        <Select
          data-testid="recipient-agency"
          aria-label={t('outgoing.addAgency')}
          showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
          value={null}
          placeholder={t('outgoing.addAgency')}
          style={{ minWidth: 280 }}
          popupMatchSelectWidth={false}
          loading={agencies.fetching}
          options={(agencies.data?.externalAgencies.nodes ?? []).filter((a) => a.active).map((a) => ({ value: a.id, label: a.name }))}
          onChange={(v: string) => {
            const a = agencies.data?.externalAgencies.nodes.find((x) => x.id === v);
            if (a) add({ kind: 'agency', id: a.id, name: a.name, delivery });
            setSearch('');
          }}
        />
      </Space>
      <Table
        data-testid="recipients-table"
        size="small"
        rowKey={(r) => `${r.kind}:${r.id}`}
        dataSource={list}
        pagination={false}
        locale={{ emptyText: t('outgoing.noRecipients') }}
        columns={[
          { title: t('outgoing.recipient'), key: 'n', render: (_, r) => r.name },
          { title: t('outgoing.recipientKind'), key: 'k', render: (_, r) => t(`outgoing.recipientKinds.${r.kind}`), responsive: ['sm'] },
          {
            title: t('outgoing.deliveryColumn'),
            key: 'd',
            render: (_, r) => (
              <Select
                size="small"
                aria-label={t('outgoing.deliveryColumn')}
                value={r.delivery}
                style={{ minWidth: 170 }}
                onChange={(d: Delivery) => onChange?.(addRecipient(list, { ...r, delivery: d }))}
                options={[
                  { value: 'ELECTRONIC_ONLY', label: t('outgoing.delivery.ELECTRONIC_ONLY') },
                  { value: 'ELECTRONIC_AND_PAPER', label: t('outgoing.delivery.ELECTRONIC_AND_PAPER') },
                ]}
              />
            ),
          },
          {
            title: '',
            key: 'x',
            render: (_, r) => (
              <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('outgoing.remove')} onClick={() => onChange?.(list.filter((x) => !(x.kind === r.kind && x.id === r.id)))} />
            ),
          },
        ]}
      />
    </Space>
  );
}
