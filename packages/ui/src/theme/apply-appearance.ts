import type { Locale, Theme } from '@webnova/core/contracts';
import { setLocale } from '../i18n/i18n';

const THEME_HINT_KEY = 'webnova.theme';
const LOCALE_HINT_KEY = 'webnova.locale';

/**
 * Puts the language, direction and theme on <html>: CSS (logical properties, [data-theme]) and
 * i18next follow from there. The theme and language are also remembered locally, so the next
 * launch (or a reload) paints in them while core is still busy; core's settings win when they come.
 */
export function applyAppearance(locale: Locale, theme: Theme): void {
  setLocale(locale);
  try {
    localStorage.setItem(THEME_HINT_KEY, theme);
    localStorage.setItem(LOCALE_HINT_KEY, locale);
  } catch {
    // Storage may be unavailable (private mode, or no DOM in a test); the hint is only a nicety.
  }
  if (typeof document === 'undefined') return;
  const html = document.documentElement;
  html.lang = locale;
  html.dir = locale === 'ar' ? 'rtl' : 'ltr';
  html.dataset.theme = theme;
  html.style.colorScheme = theme;
}

function remembered(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** The theme last used on this machine, to paint before settings arrive. */
export function rememberedTheme(): Theme {
  return remembered(THEME_HINT_KEY) === 'light' ? 'light' : 'dark';
}

/** The language last used on this machine, to paint before settings arrive. */
export function rememberedLocale(): Locale {
  return remembered(LOCALE_HINT_KEY) === 'ar' ? 'ar' : 'en';
}
