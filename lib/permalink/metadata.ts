// The <head> of /s/<slug>: OpenGraph and Twitter-card tags so chat clients unfurl the link with its title, a
// one-line description and the preview image. When previews are not public (authentication on, no
// WEFT_PUBLIC_PREVIEWS), crawlers get the title only. Pure.
import type { Metadata } from 'next';
import type { PermalinkJson } from './api-types';
import type { PreviewAccess } from './policy';

export const PREVIEW_IMAGE_SIZE = { width: 1200, height: 630 } as const;

export function previewImagePath(slug: string): string {
  return `/s/${slug}/preview.png`;
}

export function permalinkMetadata(link: Pick<PermalinkJson, 'slug' | 'url' | 'title' | 'description'>, origin: string, access: PreviewAccess): Metadata {
  const robots = { index: false, follow: false };
  if (access === 'title-only') {
    return {
      title: { absolute: link.title },
      robots,
      openGraph: { type: 'website', siteName: 'Weft', title: link.title, url: link.url },
      twitter: { card: 'summary', title: link.title },
    };
  }
  const image = `${origin}${previewImagePath(link.slug)}`;
  return {
    title: { absolute: link.title },
    description: link.description,
    robots,
    openGraph: {
      type: 'website',
      siteName: 'Weft',
      title: link.title,
      description: link.description,
      url: link.url,
      images: [{ url: image, ...PREVIEW_IMAGE_SIZE, alt: link.title, type: 'image/png' }],
    },
    twitter: { card: 'summary_large_image', title: link.title, description: link.description, images: [{ url: image, alt: link.title }] },
  };
}

/** Pages that say a link cannot be opened: a plain title, never indexed. */
export function unavailableMetadata(title: string): Metadata {
  return { title: { absolute: `${title} · Weft` }, robots: { index: false, follow: false }, openGraph: { type: 'website', siteName: 'Weft', title } };
}
