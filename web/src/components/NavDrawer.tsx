// The navigation drawer of narrow screens, loaded when first opened (the first screen does
// without antd's Drawer).
import type { ReactNode } from 'react';
import { Drawer } from 'antd';

export default function NavDrawer({ open, onClose, title, children }: { open: boolean; onClose: () => void; title: ReactNode; children: ReactNode }) {
  return (
    <Drawer open={open} onClose={onClose} placement="left" size={260} title={title}>
      {children}
    </Drawer>
  );
}
