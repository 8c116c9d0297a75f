import { expect } from 'vitest';
import type { CodeQualityIssue } from '../../src/diagnostics/formatters.js';

/** What GitLab requires of every issue; anything else and the widget drops the report. */
export function expectCodeQuality(text: string): CodeQualityIssue[] {
  const issues = JSON.parse(text) as CodeQualityIssue[];
  expect(Array.isArray(issues)).toBe(true);
  for (const i of issues) {
    expect(typeof i.description).toBe('string');
    expect(i.description.length).toBeGreaterThan(0);
    expect(typeof i.check_name).toBe('string');
    expect(i.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(i.severity);
    expect(typeof i.location.path).toBe('string');
    expect(Number.isInteger(i.location.lines.begin) && i.location.lines.begin >= 1).toBe(true);
  }
  expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
  return issues;
}
