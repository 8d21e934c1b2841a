import { describe, expect, it } from 'vitest';
import { type CasingRoute, casingRoute } from './casing-route.js';

describe('casingRoute', () => {
  const table: [string, CasingRoute][] = [
    ['Lavrov meets Tillerson in Moscow .', 'cased'],
    ['SOCCER - ROTOR FANS LOCKED OUT AFTER VOLGOGRAD VIOLENCE .', 'caseRobust'],
    ['LONDON 1996-08-30', 'caseRobust'],
    ['lavrov meets tillerson in moscow .', 'caseRobust'],
    ['MOSCOW ( Reuters ) -', 'cased'],
    ['the U.S. said', 'cased'],
    // Too few cased letters to tell a shouted line from an acronym or a stray word.
    ['IBM', 'cased'],
    ['NATO', 'caseRobust'],
    ['a b', 'cased'],
    ['3 2 1 0 5 3 7', 'cased'],
    ['( 1 ) , .', 'cased'],
    // Letters of scripts without case count for neither.
    ['習近平 在 北京', 'cased'],
    ['ÉTÉ À PARÍS', 'caseRobust'],
    ['überall straße', 'caseRobust'],
  ];
  it.each(table)('%s -> %s', (sentence, route) => {
    expect(casingRoute(sentence.split(' '))).toBe(route);
  });

  it('routes an empty sentence to the cased model', () => {
    expect(casingRoute([])).toBe('cased');
  });
});
