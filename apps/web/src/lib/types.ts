/** Shapes of the API (SPEC §4). */
export interface Todo {
  id: string;
  title: string;
  notes: string;
  done: boolean;
  dueDate: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type PostStatus = 'draft' | 'published';

export interface Post {
  id: string;
  slug: string;
  authorId: string;
  authorName: string;
  title: string;
  body: string;
  status: PostStatus;
  coverImage: string | null;
  /** Thumbnail keys by width (`w320`, `w1280`), null until the thumbnail Lambda has made them. */
  thumbnails:
    | ({ status: 'pending' | 'ready' | 'failed'; reason?: string } & Record<
        string,
        string | null | undefined
      >)
    | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  version: number;
}

export interface Profile {
  userId: string;
  email: string;
  displayName: string | null;
  createdAt: string;
}
