import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="narrow card">
      <h1>Page not found</h1>
      <p className="muted">That page does not exist. It may have moved.</p>
      <Link href="/" className="button">
        Go home
      </Link>
    </div>
  );
}
