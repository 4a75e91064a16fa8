import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Store } from '@dragnet/core';
import { UserError } from './user-error.ts';

/** `case.json`: what a case folder says about itself. */
export interface CaseInfo {
  name: string;
  agency: string | null;
  created: string;
  schemaVersion: 1;
}

/** Opens a case's store; injected so that only composition roots know DuckDB. */
export type OpenStore = (databasePath: string) => Promise<Store>;

export interface CaseHandle {
  dir: string;
  info: CaseInfo;
  store: Store;
}

export const CASE_FILE = 'case.json';
export const DATABASE_FILE = 'case.duckdb';
export const EVIDENCE_DIR = 'evidence';

export interface InitCaseOptions {
  name?: string;
  agency?: string;
  now: Date;
}

/** Creates a case folder: case.json, an empty store with the current schema, and evidence/. */
export async function initCase(
  dir: string,
  openStore: OpenStore,
  options: InitCaseOptions,
): Promise<CaseInfo> {
  const caseDir = resolve(dir);
  if (await exists(join(caseDir, CASE_FILE))) {
    throw new UserError(`a case already exists here`, {
      file: join(caseDir, CASE_FILE),
      hint: 'use another folder or work with the existing case',
    });
  }
  await mkdir(join(caseDir, EVIDENCE_DIR), { recursive: true });
  const info: CaseInfo = {
    name: options.name ?? caseNameFromDir(caseDir),
    agency: options.agency ?? null,
    created: options.now.toISOString(),
    schemaVersion: 1,
  };
  const store = await openStore(join(caseDir, DATABASE_FILE));
  try {
    await store.init();
  } finally {
    await store.close();
  }
  await writeFileAtomic(join(caseDir, CASE_FILE), `${JSON.stringify(info, null, 2)}\n`);
  return info;
}

/** Opens an existing case; a folder without case.json is a usage error that says how to create one. */
export async function openCase(dir: string, openStore: OpenStore): Promise<CaseHandle> {
  const caseDir = resolve(dir);
  const file = join(caseDir, CASE_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError('not a Dragnet case (no case.json)', {
      file: caseDir,
      hint: `create one with: dragnet case init ${dir}`,
    });
  }
  let info: CaseInfo;
  try {
    info = JSON.parse(text) as CaseInfo;
  } catch (e) {
    throw new UserError(`case.json is not valid JSON: ${(e as Error).message}`, { file });
  }
  const store = await openStore(join(caseDir, DATABASE_FILE));
  await store.init();
  return { dir: caseDir, info, store };
}

export async function isCaseDir(dir: string): Promise<boolean> {
  return exists(join(resolve(dir), CASE_FILE));
}

function caseNameFromDir(dir: string): string {
  return dir.split(/[\\/]/).filter(Boolean).pop() ?? 'case';
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes through a temporary sibling and renames, so a killed process never leaves a half-written file. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
