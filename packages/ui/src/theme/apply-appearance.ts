import type { Locale, Theme } from '@webnova/core/contracts';
import { setLocale } from '../i18n/i18n';

const THEME_HINT_KEY = 'webnova.theme';

/**
 * Puts the language, direction and theme on <html>: CSS (logical properties, [data-theme]) and
 * i18next follow from there. The theme is also remembered locally so the next launch paints
 * the right background before core answers.
 */
export function applyAppearance(locale: Locale, theme: Theme): void {
  setLocale(locale);
  if (typeof document === 'undefined') return;
  const html = document.documentElement;
  html.lang = locale;
  html.dir = locale === 'ar' ? 'rtl' : 'ltr';
  html.dataset.theme = theme;
  html.style.colorScheme = theme;
  try {
    localStorage.setItem(THEME_HINT_KEY, theme);
  } catch {
    // Storage may be unavailable (private mode); the hint is only a nicety.
  }
}

/** The theme last used on this machine, to paint before settings arrive. */
export function rememberedTheme(): Theme {
  try {
    return localStorage.getItem(THEME_HINT_KEY) === 'light' ? 'light' : 'dark';
  } catch {
    return 'dark';
  }
}
