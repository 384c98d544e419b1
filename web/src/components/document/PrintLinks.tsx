// Printing from a document's page: the page itself, its processing slip, its submission slip.
import { Button, Space } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

export default function PrintLinks({ documentId }: { documentId: string }) {
  const { t } = useTranslation();
  return (
    <Space wrap className="no-print" style={{ marginTop: 8 }}>
      <Button size="small" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-page">{t('home.printPage')}</Button>
      <Link to={`/documents/${documentId}/print/processing`} data-testid="print-processing-slip"><PrinterOutlined /> {t('home.processingSlip')}</Link>
      <Link to={`/documents/${documentId}/print/submission`} data-testid="print-submission-slip"><PrinterOutlined /> {t('home.submissionSlip')}</Link>
    </Space>
  );
}
