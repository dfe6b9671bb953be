/**
 * The outgoing payload: exactly the bytes that would leave, laid out for the chosen destination, as a classified
 * tree, as raw text and as a diff against the last upload, with personal-looking columns flagged; the sample files
 * that go with it (Soda Cloud, level full) listed under it; then approve, send now or queue.
 */
import { useState } from 'react';
import type { DestinationKind } from '../../../../src/api/desktop/contract.js';
import { gatehouse } from '../../api.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { CheckboxField } from '../../components/Fields.js';
import { Loading } from '../../components/Loading.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { Tabs } from '../../components/Tabs.js';
import { useLoad } from '../../hooks/useLoad.js';
import { useNavigation } from '../../navigation.js';
import { useShown } from '../Screens.js';
import { ApprovePanel } from './ApprovePanel.js';
import { ClassCounts } from './ClassCounts.js';
import { configuredDestinations, DestinationChoice } from './DestinationChoice.js';
import { Destinations } from './Destinations.js';
import { DiffView } from './DiffView.js';
import { PayloadSummary } from './PayloadSummary.js';
import { PayloadTree } from './PayloadTree.js';
import { PersonalColumns } from './PersonalColumns.js';
import { RawBytes } from './RawBytes.js';
import { SampleFiles } from './SampleFiles.js';

export function PayloadScreen() {
  const shown = useShown();
  const { selection, navigate } = useNavigation();
  const [diffLastUpload, setDiffLastUpload] = useState(true);
  // Read again each time the screen is shown: a destination may have been set in Settings meanwhile.
  const settings = useLoad(() => gatehouse().getSettings(), [shown]);
  const destinations = settings.data?.destinations;
  // None chosen: the engine lays the bytes out for the default destination, and the view says which.
  const [chosen, setChosen] = useState<DestinationKind>();
  const destination = chosen && configuredDestinations(destinations).includes(chosen) ? chosen : undefined;
  const scan = selection.scanId ?? 'latest';
  const preview = useLoad(
    () => gatehouse().previewPayload({ scan, diffLastUpload, ...(destination ? { destination } : {}) }),
    [shown, scan, diffLastUpload, destination],
  );
  const view = preview.data;
  // The bytes on screen were laid out for another destination than the one now chosen (a new preview is coming).
  const stale = preview.loading || (destination !== undefined && view?.destination !== destination);
  // The latest scan was asked for and there is none: the workspace has no saved scan yet.
  const noScanYet = scan === 'latest' && preview.error?.code === 'not-found';
  return (
    <>
      <ScreenHeader title="Outgoing payload">
        <CheckboxField
          label="Compare with the last upload"
          checked={diffLastUpload}
          onChange={setDiffLastUpload}
        />
        <button
          type="button"
          onClick={() => void preview.reload()}
          disabled={preview.loading}
          title="Build the payload again from the scan and the current settings"
        >
          Rebuild preview
        </button>
      </ScreenHeader>
      {preview.loading && !view ? <Loading text="Building the payload…" /> : null}
      {noScanYet ? (
        <div className="card" data-testid="payload-empty">
          <p>
            No scan to preview yet. The payload is built from a saved scan: run one, then see here exactly
            what would be sent before you approve it.
          </p>
          <button type="button" className="primary" onClick={() => navigate('scan')}>
            Go to Scan
          </button>
        </div>
      ) : (
        <ErrorNote error={preview.error} title="No preview" />
      )}
      {view ? (
        <>
          <div className="card">
            <PayloadSummary preview={view} />
            <DestinationChoice
              destinations={destinations}
              value={destination ?? view.destination}
              onChange={setChosen}
            />
            {view.warnings.map((warning) => (
              <p key={warning} className="note note-warn">
                {warning}
              </p>
            ))}
            <ClassCounts preview={view} />
          </div>
          <section className="card" aria-labelledby="personal-title">
            <h2 id="personal-title">Personal-looking columns</h2>
            <PersonalColumns columns={view.personal} />
          </section>
          <Tabs
            key={`views:${view.sha256}`}
            label="Payload views"
            tabs={[
              { id: 'tree', label: 'Fields', content: () => <PayloadTree tree={view.tree} /> },
              { id: 'raw', label: 'Raw bytes', content: () => <RawBytes text={view.text} /> },
              {
                id: 'diff',
                label:
                  view.diff && !view.diff.diff.identical ? `Diff (${view.diff.diff.changes.length})` : 'Diff',
                content: () => <DiffView preview={view} />,
              },
              {
                id: 'destinations',
                label: 'What destinations add',
                content: () => <Destinations preview={view} />,
              },
            ]}
          />
          <SampleFiles key={`files:${view.sha256}`} preview={view} />
          <ApprovePanel
            key={`approve:${view.sha256}:${view.destination ?? ''}`}
            preview={view}
            stale={stale}
            destinations={destinations}
          />
        </>
      ) : null}
    </>
  );
}
