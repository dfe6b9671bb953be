import type { FieldClass } from '../../../../src/api/desktop/contract.js';
import { Badge } from '../../components/Badge.js';
import { CLASS_INFO } from './classes.js';

export function ClassBadge({ fieldClass }: { fieldClass: FieldClass }) {
  const info = CLASS_INFO[fieldClass];
  return (
    <Badge tone={info.tone} title={info.description}>
      {info.label}
    </Badge>
  );
}
