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
  const stored = value ?? [];

  return (
    <Upload.Dragger
      id={id}
      multiple
      fileList={list}
      data-testid="file-drop"
      customRequest={({ file, onSuccess, onError }) => {
        uploadFile(file as File, lang)
          .then((s) => {
            const ref = { sha256: s.sha256, name: s.name };
            onChange?.([...(stored ?? []), ref]);
            onSuccess?.(ref);
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
      }}
      onRemove={(file) => {
        const ref = file.response as FileRef | undefined;
        if (ref?.sha256) onChange?.(stored.filter((s) => s.sha256 !== ref.sha256));
        return true;
      }}
    >
      <p className="ant-upload-drag-icon"><InboxOutlined /></p>
      <p className="ant-upload-text">{t('files.drop')}</p>
      <p className="ant-upload-hint">{t('files.hint')}</p>
    </Upload.Dragger>
  );
}
