// Uploads one file to POST /files (raw bytes; the session cookie with the CSRF header).
import { CSRF_HEADER } from './client';
import { httpProblem, type Problem } from './errors';

export interface StoredFile {
  sha256: string;
  name: string;
  mediaType: string;
  size: number;
}

export class UploadError extends Error {
  constructor(public problem: Problem) {
    super(problem.message);
  }
}

export async function uploadFile(file: File, lang: string): Promise<StoredFile> {
  let response: Response;
  try {
    response = await fetch(`/files?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      body: file,
      credentials: 'same-origin',
      headers: { [CSRF_HEADER]: '1', 'X-Chancery-Language': lang },
    });
  } catch (e) {
    throw new UploadError({ code: 'NETWORK', message: String(e) });
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new UploadError(httpProblem(response.status, body));
  return body as StoredFile;
}
