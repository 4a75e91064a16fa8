import type { GeoResponse } from '@dragnet/server/api-types.ts';
import { describe, expect, it } from 'vitest';
import { buildItems, isLab, massText, toCollection } from './map-items.ts';

const seizure = (over: Partial<GeoResponse['seizures'][number]>): GeoResponse['seizures'][number] => ({
  seizureId: 'S1',
  date: '2025-03-05',
  place: null,
  lat: 42.34,
  lon: 69.59,
  substance: 'code A',
  massG: '12.5',
  description: null,
  personId: null,
  evidenceId: 'e1',
  locator: 'row:2',
  ...over,
});

const geo: GeoResponse = {
  seizures: [
    seizure({}),
    seizure({ seizureId: 'S2', description: 'Лаборатория №1: оборудование изъято', locator: 'row:3' }),
    // No coordinates: placed at its named place by the gazetteer.
    seizure({ seizureId: 'S3', lat: null, lon: null, place: 'г. Актобе, рынок', locator: 'row:4' }),
    // No coordinates and an unknown place: cannot be placed.
    seizure({ seizureId: 'S4', lat: null, lon: null, place: 'somewhere', locator: 'row:5' }),
    seizure({ seizureId: 'S5', date: '2025-06-01', locator: 'row:6' }),
  ],
  points: [
    {
      lat: 43.2973,
      lon: 68.2518,
      chatId: 'tg:chat:1',
      messageId: '2',
      evidenceId: 'e2',
      locator: 'message:2',
    },
  ],
  regions: [
    { name: 'Shymkent', networks: ['n1'] },
    { name: 'Atlantis', networks: ['n2'] },
  ],
};

describe('map items', () => {
  it("writes a seizure's mass in the UI language: grouped, `г` in Russian (review r33: `· 50000 g`)", () => {
    expect(massText('50000', 'ru')).toBe('50\u00a0000\u00a0г');
    expect(massText('50000', 'en')).toBe('50,000\u00a0g');
    expect(massText('12.5', 'ru')).toBe('12,5\u00a0г');
    const big = { ...geo, seizures: [seizure({ massG: '50000' })] };
    expect(buildItems(big, null, null, 'ru')[0]).toMatchObject({
      label: '2025-03-05 · code A · 50\u00a0000\u00a0г',
    });
    expect(buildItems(big, null, null, 'en')[0]).toMatchObject({
      label: '2025-03-05 · code A · 50,000\u00a0g',
    });
  });

  it('places seizures, labs, drops and known regions; leaves out what it cannot place', () => {
    const items = buildItems(geo);
    expect(items.map((it) => `${it.type}:${it.id}`)).toEqual([
      'seizure:S1',
      'lab:S2',
      'seizure:S3',
      'seizure:S5',
      'drop:tg:chat:1/2',
      'region:Shymkent',
    ]);
    expect(items.find((it) => it.id === 'S3')).toMatchObject({ lat: 50.28, lon: 57.17 });
  });

  it('applies the time filter to dated seizures only', () => {
    const items = buildItems(geo, '2025-05-01T00:00:00Z', '2025-12-31T23:59:59Z');
    expect(items.filter((it) => it.type === 'seizure' || it.type === 'lab').map((it) => it.id)).toEqual([
      'S5',
    ]);
    expect(items.some((it) => it.type === 'drop')).toBe(true);
  });

  it('tells labs from other seizures by description, place or id', () => {
    expect(isLab({ seizureId: 'S-LAB-1', place: null })).toBe(true);
    expect(isLab({ seizureId: 'S9', place: 'clandestine laboratory, garage' })).toBe(true);
    expect(isLab({ seizureId: 'S9', place: 'Shymkent', description: 'at arrest of a courier' })).toBe(false);
    expect(isLab({ seizureId: 'SLABS', place: 'Labrador street' })).toBe(false);
  });

  it('gives one type as GeoJSON points whose only property is the item index', () => {
    const items = buildItems(geo);
    const fc = toCollection(items, 'seizure');
    expect(fc.features.map((f) => f.properties.i)).toEqual([0, 2, 3]);
    expect(fc.features[0]?.geometry.coordinates).toEqual([69.59, 42.34]);
    expect(Object.keys(fc.features[0]?.properties ?? {})).toEqual(['i']);
  });
});
