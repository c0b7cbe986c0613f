import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AppProvider } from '@/components/app-context';
import { SiteShell } from '@/components/site-shell';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'MyTodoList + MyBlog', template: '%s · MyTodoList + MyBlog' },
  description: 'Your todo list, your private files and your blog, in one calm place.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f6f7f4' },
    { media: '(prefers-color-scheme: dark)', color: '#16191c' },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <AppProvider>
          <SiteShell>{children}</SiteShell>
        </AppProvider>
        <footer className="site-footer">
          <div className="container">MyTodoList + MyBlog · a serverless app on AWS</div>
        </footer>
      </body>
    </html>
  );
}
