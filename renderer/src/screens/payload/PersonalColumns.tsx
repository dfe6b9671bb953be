/** Columns whose names look personal (email, phone, ssn…), and how this payload treats each. */
import type { PersonalColumnFlag } from '../../../../src/api/desktop/contract.js';
import { Badge } from '../../components/Badge.js';
import { Ellipsis } from '../../components/Ellipsis.js';

const STATUS = {
  excluded: { text: 'not mentioned (excluded)', tone: 'pass' },
  hashed: { text: 'named by a keyed hash', tone: 'info' },
  named: { text: 'named as is', tone: 'warn' },
} as const;

export function PersonalColumns({ columns }: { columns: PersonalColumnFlag[] }) {
  if (columns.length === 0) return <p className="muted">No personal-looking columns.</p>;
  return (
    <table data-testid="personal-columns">
      <caption className="sr-only">Personal-looking columns</caption>
      <thead>
        <tr>
          <th scope="col">Column</th>
          <th scope="col">Looks like</th>
          <th scope="col">In this payload</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((column) => (
          <tr key={`${column.dataset}.${column.column}`}>
            <td>
              <Ellipsis text={`${column.dataset}.${column.column}`} />
            </td>
            <td>{column.kind}</td>
            <td>
              <Badge tone={STATUS[column.status].tone}>{STATUS[column.status].text}</Badge>
              {column.inSamples ? (
                <>
                  {' '}
                  <Badge tone="fail">values in sample rows</Badge>
                </>
              ) : null}
              {column.valuesIn.length > 0 ? (
                <>
                  {' '}
                  <Badge tone="fail">{`derived values sent: ${column.valuesIn.join(', ')}`}</Badge>
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
