/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 / RFC 8187): an ASCII fallback for
 * old clients and the exact UTF-8 name (Cyrillic names are common here) for the rest.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^A-Za-z0-9._ -]/g, '_').slice(0, 150) || 'attachment';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
