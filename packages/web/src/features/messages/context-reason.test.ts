import { LABEL_NAMES_RU } from '@dragnet/core/labels/context-reason-ru.ts';
import { MESSAGE_LABELS } from '@dragnet/core/model/tables.ts';
import { describe, expect, it } from 'vitest';
import { ROLE_NAMES } from '../../i18n.tsx';

describe('context reasons in Russian', () => {
  it('name the labels as the Russian UI names them', () => {
    for (const l of MESSAGE_LABELS) expect(LABEL_NAMES_RU[l], l).toBe(ROLE_NAMES.ru[l]);
  });
});
