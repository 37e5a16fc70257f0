import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import { LOCALES, type Locale } from '../../common/locales.js';
import { projectRoot } from './paths.js';

export const localesDir = path.join(projectRoot, 'locales');

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Reads locales/<lang>/<namespace>.json for every language Odnos speaks. */
export function readResources(): Resources {
  const resources: Resources = {};
  for (const locale of LOCALES) {
    const dir = path.join(localesDir, locale);
    const namespaces: Record<string, Record<string, unknown>> = {};
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      namespaces[file.replace(/\.json$/, '')] = JSON.parse(
        readFileSync(path.join(dir, file), 'utf8'),
      ) as Record<string, unknown>;
    }
    resources[locale] = namespaces;
  }
  return resources;
}

let instance: i18n | null = null;

function server(): i18n {
  if (!instance) {
    const resources = readResources();
    instance = i18next.createInstance();
    void instance.init({
      resources,
      lng: 'en',
      fallbackLng: 'en',
      supportedLngs: [...LOCALES],
      ns: Object.keys(resources.en ?? {}),
      defaultNS: 'common',
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  return instance;
}

/** A translate function fixed to one locale, e.g. `t('errors:not_found')`. */
export function translator(locale: Locale): TFunction {
  return server().getFixedT(locale);
}
