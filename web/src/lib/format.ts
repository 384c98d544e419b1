import dayjs from 'dayjs';

export const formatDate = (iso: string | null | undefined) => (iso ? dayjs(iso).format('DD/MM/YYYY') : '');
export const formatDateTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('DD/MM/YYYY HH:mm') : '');
export const formatSize = (bytes: number) =>
  bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1048576).toFixed(1)} MB`;
