import type { Node, Scalar } from 'yaml';
import type { DiagnosticSink } from './diagnostics.js';
import type { SourceLocation } from './model.js';
import { type ResolvedText, resolveVariables, type VariableLookup } from './variables.js';
import type { ScalarText, YamlSource } from './yaml-source.js';

/** What every section reader needs: the file, where to report, and the variables. */
export class FileContext {
  constructor(
    readonly source: YamlSource,
    readonly sink: DiagnosticSink,
    readonly lookup: VariableLookup,
  ) {}

  error(message: string, node: Node | null | undefined): void {
    this.sink.error(message, this.source.locateNode(node));
  }

  errorAt(message: string, location: SourceLocation): void {
    this.sink.error(message, location);
  }

  /** A scalar's text with `${VAR}` resolved; undefined (and errors reported) when a variable cannot be. */
  resolveScalar(node: Scalar): { text: ScalarText; resolved: ResolvedText } | undefined {
    const text = this.source.scalarText(node);
    const { resolved, problems } = resolveVariables(text.value, this.lookup);
    for (const problem of problems) this.sink.error(problem.message, text.locate(problem.index));
    return problems.length > 0 ? undefined : { text, resolved };
  }

  /** Location of a character of resolved text. */
  locateResolved(text: ScalarText, resolved: ResolvedText, index: number): SourceLocation {
    return text.locate(resolved.originalIndex(index));
  }
}
