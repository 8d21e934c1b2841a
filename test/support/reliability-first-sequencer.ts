import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Vitest's own order (longest first from the last run's timings, else largest file first, project by project in
 * name order), except that the `reliability` project's file starts first: it is the longest chain of the run
 * (its scenarios one after another, about 7 minutes on a loaded 2-core machine), so the integration and unit
 * files fill the other workers around it instead of leaving it to run alone at the end.
 */
export default class ReliabilityFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const first = (spec: TestSpecification): number => (spec.project.name === 'reliability' ? 0 : 1);
    // Array.prototype.sort is stable: the rest keeps vitest's order.
    return sorted.sort((a, b) => first(a) - first(b));
  }
}
