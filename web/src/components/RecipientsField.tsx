// The recipients of an outgoing document (nơi nhận): units of the organisation tree and
// agencies of the external directory, each marked electronic only or electronic and paper.
// The directory is searched as clerks write (the server understands UBND, HĐND, BNV…); when
// nothing matches, whoever may define agencies is offered to add the one typed, and anyone
// else is told it is not in the directory — what was typed is never silently dropped.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Radio, Select, Space, Table, TreeSelect, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery } from 'urql';
import { graphql } from '../graphql';
import { UNITS } from './PositionPicker';
import { addRecipient, type Delivery, type PickedRecipient } from '../lib/outgoing';
import { actingPermissions, useMe } from '../session';
import { errorText } from '../lib/errors';

const AGENCIES = graphql(`
  query ExternalAgencyOptions($search: String) {
    externalAgencies(search: $search, first: 30) { nodes { id name identifierCode active } }
  }
`);

const ADD_AGENCY = graphql(`
  mutation AddExternalAgency($input: ExternalAgencyInput!) { recordExternalAgency(input: $input) { id written { visible } } }
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
  const { me } = useMe();
  const { message } = App.useApp();
  const mayDefine = actingPermissions(me).has('MANAGE_CATALOGUES');
  const [{ fetching: adding }, addAgency] = useMutation(ADD_AGENCY);
  // What was typed last in the agency search, kept when the list closes: if nothing in the
  // directory matched, it is said so (and offered to be added) instead of vanishing.
  const [typed, setTyped] = useState('');
  const [typedAgencies] = useQuery({ query: AGENCIES, variables: { search: typed.trim() }, pause: typed.trim().length < 2 });
  const nothingFound =
    typed.trim().length >= 2 &&
    !typedAgencies.fetching &&
    typedAgencies.data !== undefined &&
    typedAgencies.data.externalAgencies.nodes.filter((a) => a.active).length === 0;

  async function defineAndAdd() {
    const name = typed.trim();
    const r = await addAgency({ input: { name, active: true } });
    if (r.error || !r.data) {
      message.error(errorText(r.error, t));
      return;
    }
    add({ kind: 'agency', id: r.data.recordExternalAgency.id, name, delivery });
    setTyped('');
    setSearch('');
  }

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
          showSearch={{
            filterOption: false,
            onSearch: (v: string) => {
              setSearch(v);
              if (v.trim()) setTyped(v);
            },
            searchValue: search,
          }}
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
            setTyped('');
          }}
        />
      </Space>
      {nothingFound && (
        <Alert
          type={mayDefine ? 'info' : 'warning'}
          showIcon
          data-testid="agency-not-found"
          title={t('forms.agencyNotFound', { name: typed.trim() })}
          action={
            mayDefine ? (
              <Button size="small" loading={adding} onClick={() => void defineAndAdd()} data-testid="agency-define">
                {t('forms.agencyDefine')}
              </Button>
            ) : undefined
          }
          description={mayDefine ? undefined : t('forms.agencyAskAdministrator')}
        />
      )}
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
