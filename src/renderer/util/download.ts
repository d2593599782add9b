/**
 * Hands text produced by the core (a vCard, a CSV export) to the browser as a file download,
 * through a Blob link: nothing is written by the app itself, the user chooses where it goes.
 */
export function downloadText(filename: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking in the same task can cancel the download in some browsers: give it time first.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
