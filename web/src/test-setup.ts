import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import { loadLanguage } from './i18n';

await Promise.all([loadLanguage('en'), loadLanguage('lo')]);

afterEach(() => cleanup());

// antd asks for matchMedia (responsive grid) which happy-dom lacks in some versions.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
}
