export interface TestSummary {
  passed: number;
  failed: number;
  skipped: number;
}
export function parseVitestSummary(text: string): TestSummary | null;
export function formatSummary(summary: TestSummary): string;
