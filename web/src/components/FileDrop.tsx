// Drag-and-drop (or choose) files; each is uploaded to POST /files at once and reported with
// its result. The form gets the stored files' hashes and names.
import { useState } from 'react';
import { Upload, type UploadFile } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { uploadFile, UploadError } from '../lib/upload';
import { describe } from '../lib/errors';
import { useSession } from '../session';

export interface FileRef {
  sha256: string;
  name: string;
}

export default function FileDrop({ value, onChange, id }: { value?: FileRef[]; onChange?: (files: FileRef[]) => void; id?: string }) {
  const { t } = useTranslation();
  const { lang } = useSession();
  const [list, setList] = useState<UploadFile<FileRef>[]>([]);

  return (
    <Upload.Dragger
      id={id}
      multiple
      fileList={list}
      data-testid="file-drop"
      customRequest={({ file, onSuccess, onError }) => {
        uploadFile(file as File, lang)
          .then((s) => {
            onSuccess?.({ sha256: s.sha256, name: s.name });
          })
          .catch((e: unknown) => {
            const text = e instanceof UploadError ? describe(e.problem, t) : String(e);
            onError?.(new Error(text));
          });
      }}
      onChange={(info) => {
        setList(
          info.fileList.map((f) =>
            f.status === 'error' ? { ...f, response: f.error?.message, error: f.error } : f,
          ),
        );
        // The form gets every stored file of the list as it stands after this change (files
        // dropped together upload at once: each success sees the others', and a removal
        // takes its file out), not a copy of an earlier render's value.
        const stored = info.fileList
          .filter((f) => f.status === 'done' && f.response?.sha256)
          .map((f) => f.response as FileRef);
        const before = value ?? [];
        const same = stored.length === before.length && stored.every((f, i) => f.sha256 === before[i]?.sha256);
        if (!same) onChange?.(stored);
      }}
    >
      <p className="ant-upload-drag-icon"><InboxOutlined /></p>
      <p className="ant-upload-text">{t('files.drop')}</p>
      <p className="ant-upload-hint">{t('files.hint')}</p>
    </Upload.Dragger>
  );
}
