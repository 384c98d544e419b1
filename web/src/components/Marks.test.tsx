import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import dayjs from 'dayjs';
import i18n from '../i18n';
import { Deadline, UrgencyMark } from './Marks';

const wrap = (node: React.ReactNode) => render(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);

describe('marks', () => {
  it('colour a past deadline red and a near one amber', async () => {
    await i18n.changeLanguage('vi');
    const past = wrap(<Deadline date={dayjs().subtract(2, 'day').format('YYYY-MM-DD')} />);
    expect(past.container.querySelector('[data-deadline="overdue"]')?.className).toBe('deadline-overdue');
    expect(past.container.textContent).toContain('quá hạn');
    const soon = wrap(<Deadline date={dayjs().add(1, 'day').format('YYYY-MM-DD')} />);
    expect(soon.container.querySelector('.deadline-soon')).not.toBeNull();
    const done = wrap(<Deadline date={dayjs().subtract(2, 'day').format('YYYY-MM-DD')} finished />);
    expect(done.container.querySelector('.deadline-overdue')).toBeNull();
  });
  it('mark urgency in the chosen language and leave normal unmarked', async () => {
    await i18n.changeLanguage('lo');
    expect(wrap(<UrgencyMark urgency="flash" />).container.textContent).toBe('ດ່ວນທີ່ສຸດ');
    expect(wrap(<UrgencyMark urgency="normal" />).container.textContent).toBe('');
    await i18n.changeLanguage('vi');
  });
});
