import dayjs from 'dayjs';

export const formatDate = (iso: string | null | undefined) => (iso ? dayjs(iso).format('DD/MM/YYYY') : '');
export const formatDateTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('DD/MM/YYYY HH:mm') : '');
export const formatSize = (bytes: number) =>
  bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1048576).toFixed(1)} MB`;

/** The kinds of file people know by name (their usual extension), by media type. */
const FILE_KINDS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/msword': 'Word (DOC)',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (DOCX)',
  'application/vnd.ms-excel': 'Excel (XLS)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (XLSX)',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/vnd.oasis.opendocument.spreadsheet': 'ODS',
  'application/zip': 'ZIP',
  'application/xml': 'XML',
  'text/xml': 'XML',
  'text/plain': 'TXT',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/tiff': 'TIFF',
  'image/webp': 'WEBP',
};

/**
 * A file's kind as people name it ("PDF", "Word (DOCX)", "PNG"), never a media type; `other`
 * (a translated word) when the type is not a known one.
 */
export function fileKind(mediaType: string, other: string): string {
  return FILE_KINDS[mediaType.toLowerCase().split(';')[0].trim()] ?? other;
}
