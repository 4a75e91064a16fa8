import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { I18nProvider } from './i18n.tsx';
import { TimeFilterProvider } from './time-filter.tsx';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <TimeFilterProvider>
        <App />
      </TimeFilterProvider>
    </I18nProvider>
  </StrictMode>,
);
