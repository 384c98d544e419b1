// Every text exists in the three languages, and every key the code asks for exists.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import en from './en';
import vi from './vi';
import lo from './lo';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(tsx?)$/.test(f) && !f.includes('.test.') ? [p] : [];
  });
}

describe('translations', () => {
  it('have the same keys in vi, en and lo, none empty', () => {
    const v = keys(vi).sort();
    expect(keys(en).sort()).toEqual(v);
    expect(keys(lo).sort()).toEqual(v);
    for (const dict of [vi, en, lo]) {
      const empty = keys(dict).filter((k) => k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], dict) === '');
      expect(empty).toEqual([]);
    }
  });
  it('cover every key the code uses', () => {
    const known = new Set(keys(vi));
    const root = join(process.cwd(), 'src');
    const used = sources(root).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bt\(['"]([a-zA-Z0-9_.]+)['"]/g)].map((m) => m[1]));
    expect(used.filter((k) => !known.has(k))).toEqual([]);
    // Keys built from values: every code the API can give.
    for (const u of ['normal', 'urgent', 'very_urgent', 'flash']) expect(known.has(`urgency.${u}`)).toBe(true);
    for (const c of ['normal', 'confidential', 'secret', 'top_secret']) expect(known.has(`confidentiality.${c}`)).toBe(true);
    for (const k of ['main', 'co', 'info', 'pool']) expect(known.has(`kind.${k}`)).toBe(true);
  });
});
