'use client';

import Link from 'next/link';
import { useApp } from '@/components/app-context';

export default function HomePage() {
  const { status, user } = useApp();
  return (
    <div className="stack">
      <section className="card">
        <h1>
          {status === 'signedIn' && user
            ? `Welcome back${user.name ? `, ${user.name}` : ''}`
            : 'Your list, your files, your blog'}
        </h1>
        <p className="muted" style={{ marginTop: 0 }}>
          Keep a todo list, store private files, and publish posts with cover images — one account for all of
          it.
        </p>
        <div className="row">
          {status === 'signedIn' ? (
            <>
              <Link className="button" href="/todos">
                Open my todos
              </Link>
              <Link className="button button-quiet" href="/blog/edit">
                Write a post
              </Link>
            </>
          ) : (
            <>
              <Link className="button" href="/signup" data-testid="home-signup">
                Create an account
              </Link>
              <Link className="button button-quiet" href="/signin">
                Sign in
              </Link>
            </>
          )}
          <Link className="button button-quiet" href="/blog">
            Read the blog
          </Link>
        </div>
      </section>
      <section className="post-grid" aria-label="What you can do">
        <div className="card">
          <h2>Todos</h2>
          <p className="muted">Add, edit, tick off and filter. Changes show at once and are saved safely.</p>
        </div>
        <div className="card">
          <h2>Private files</h2>
          <p className="muted">
            Upload several files at once with progress, download and delete — only you can see them.
          </p>
        </div>
        <div className="card">
          <h2>Blog</h2>
          <p className="muted">Write in Markdown, add a cover image, save drafts and publish when ready.</p>
        </div>
      </section>
    </div>
  );
}
