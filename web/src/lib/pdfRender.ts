// Renders a PDF's last page into an image with PDF.js (loaded only when a signing dialog
// opens: its own chunk and worker), and tells the page count and the page's size in points.
import type { PageSize } from './signing';

export interface RenderedPage {
  pages: number;
  size: PageSize;
  /** The page as a PNG data URL, `width` CSS pixels wide (drawn at twice that for sharpness). */
  image: string;
}

export async function renderLastPage(bytes: Uint8Array, width: number): Promise<RenderedPage> {
  const [pdfjs, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]);
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  // The worker takes the buffer it is given: hand it a copy.
  const doc = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
  try {
    const page = await doc.getPage(doc.numPages);
    const base = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: (2 * width) / base.width });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(viewport.width);
    canvas.height = Math.ceil(viewport.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: context, viewport }).promise;
    return { pages: doc.numPages, size: { width: base.width, height: base.height }, image: canvas.toDataURL('image/png') };
  } finally {
    void doc.destroy();
  }
}
