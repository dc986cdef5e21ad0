/** Hands a Blob to the browser as a file to save (the token stays in the request, never in a link). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser a moment to start the download before the address is freed.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
