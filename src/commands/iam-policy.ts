export function runIamPolicy(out: NodeJS.WritableStream, _options: { for?: string }): void {
  out.write("{}\n");
}
