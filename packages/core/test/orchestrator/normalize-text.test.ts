import { describe, expect, it } from 'vitest';
import {
  findPhrase,
  normalizeText,
  splitClauses,
  stem,
  stemCandidates,
  stemPhrase,
  stemText,
  tokenize,
} from '../../src/orchestrator/offline-planner/normalize-text.js';

describe('normalizeText', () => {
  it('unifies Arabic letter forms', () => {
    expect(normalizeText('أحمد إبراهيم آمنة')).toBe('احمد ابراهيم امنه');
    expect(normalizeText('مستشفى')).toBe('مستشفي');
    expect(normalizeText('مسؤول قائمة')).toBe('مسوول قايمه');
  });

  it('drops tashkeel and tatweel', () => {
    expect(normalizeText('مَوْعِدٌ')).toBe('موعد');
    expect(normalizeText('فـــاتـورة')).toBe('فاتوره');
  });

  it('turns Arabic-Indic and Persian digits into ASCII and lowers Latin case', () => {
    expect(normalizeText('غرفة ١٢٣ Room ۴۵')).toBe('غرفه 123 room 45');
  });
});

describe('splitClauses', () => {
  it('splits sentences and "and add" or "، و" clauses but keeps comma lists together', () => {
    expect(splitClauses('Remove reviews and add suppliers. Invoices with amount, due date and status')).toEqual([
      'Remove reviews',
      'add suppliers',
      ' Invoices with amount, due date and status',
    ]);
    expect(splitClauses('احذف المراجعات، وأضف الموردين؛ منتجات، فئات')).toEqual([
      'احذف المراجعات',
      'وأضف الموردين',
      ' منتجات، فئات',
    ]);
  });
});

describe('tokenize and stem', () => {
  it('splits on punctuation of both languages', () => {
    expect(tokenize('Doctors, patients; والمرضى، الأطباء.')).toEqual(['doctors', 'patients', 'والمرضي', 'الاطباء']);
  });

  it('folds English plurals', () => {
    expect(['invoices', 'categories', 'addresses', 'status', 'class'].map(stem)).toEqual([
      'invoice',
      'category',
      'address',
      'status',
      'class',
    ]);
  });

  it('strips Arabic articles, plural and pronoun suffixes to the same stem as the keyword', () => {
    expect(stem('الفواتير')).toBe(stem('فواتير'));
    expect(stem('للمحاسبين')).toBe(stem('محاسب'));
    expect(stem('بالسجلات')).toBe(stem('سجل'));
    expect(stem('قراءتها')).toBe(stem('قراءة'));
    expect(stem('والمرضى')).toBe(stem('مرضى'));
  });

  it('keeps short words whole rather than colliding with particles', () => {
    expect(stem('فيه')).toBe('فيه');
    expect(stem('فئة')).toBe('فيه');
    expect(stem('لها')).not.toBe(stem('ل'));
  });

  it('offers the stem without a leading conjunction or preposition as a candidate', () => {
    expect(stemCandidates('ومواعيد')).toContain(stem('مواعيد'));
    expect(stemCandidates('لحجز')).toContain('حجز');
    expect(stemCandidates('وللمحاسبين')).toContain(stem('محاسب'));
    expect(stemCandidates('بطاقة')).toContain(stem('بطاقة'));
  });

  it('finds multi-word keywords in order', () => {
    const text = stemText('add invoices with amount and due dates');
    expect(findPhrase(text, stemPhrase('due date'))).toEqual([5]);
    expect(findPhrase(text, stemPhrase('date due'))).toEqual([]);
    expect(findPhrase(stemText('مع تاريخ الاستحقاق'), stemPhrase('تاريخ الاستحقاق'))).toEqual([1]);
  });
});
