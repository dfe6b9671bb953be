/** Soda's sampler keys of a data-source block → SamplerConfig (the same for every engine). */
import type { SamplerConfig } from './model.js';

interface SamplerKeys {
  sampler?: { disable_samples?: boolean; samples_limit?: number; exclude_columns?: Record<string, string[]> };
  disable_samples?: boolean;
}

export function samplerConfig(parsed: SamplerKeys): SamplerConfig {
  return {
    // Soda's legacy `disable_samples` at data-source level counts like the one in `sampler:`.
    samplesRequested: (parsed.sampler?.disable_samples ?? parsed.disable_samples) === false,
    samplesLimit: parsed.sampler?.samples_limit,
    excludeColumns: parsed.sampler?.exclude_columns ?? {},
  };
}
