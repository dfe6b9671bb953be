/** Settings: privacy policy, destinations, the workspace folder and the keychain's status. */
import type { Settings, SettingsUpdate } from '../../../../src/api/desktop/contract.js';
import { gatehouse } from '../../api.js';
import { Badge } from '../../components/Badge.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { Loading } from '../../components/Loading.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { useAction } from '../../hooks/useAction.js';
import { useLoad } from '../../hooks/useLoad.js';
import { useNavigation } from '../../navigation.js';
import { useShown } from '../Screens.js';
import { FileExportForm } from './FileExportForm.js';
import { PrivacyForm } from './PrivacyForm.js';
import { SodaCloudForm } from './SodaCloudForm.js';
import { WebhookForm } from './WebhookForm.js';

const DESTINATION_NAMES = {
  soda_cloud: 'Soda Cloud',
  webhook: 'the webhook',
  file: 'the file export',
} as const;

export function SettingsScreen() {
  const shown = useShown();
  const { workspaceChanged } = useNavigation();
  const settings = useLoad(() => gatehouse().getSettings(), [shown]);
  const info = useLoad(() => gatehouse().appInfo(), [shown]);
  const update = async (change: SettingsUpdate): Promise<Settings> => {
    const next = await gatehouse().updateSettings(change);
    await settings.reload();
    return next;
  };
  const switchWorkspace = useAction(async () => {
    const { paths } = await gatehouse().pickPaths({ purpose: 'workspace-folder' });
    if (paths[0]) {
      const before = (await gatehouse().appInfo()).workspace;
      try {
        await update({ workspace: paths[0] });
      } finally {
        // Asked also after a failure: the switch may have happened before the new folder's settings failed to
        // read. A refused switch (a scan still running) must leave the other screens, and that run's view, alone.
        if ((await gatehouse().appInfo()).workspace !== before) workspaceChanged();
      }
    }
    await info.reload();
  });
  const data = settings.data;
  const backend = data?.keychain.description ?? 'the secret store';
  // Forms start from the loaded values; a new load (another workspace) starts them afresh.
  const formKey = data ? `${data.workspace}:${JSON.stringify(data.destinations)}` : 'loading';
  return (
    <>
      <ScreenHeader title="Settings" />
      {settings.loading && !data ? <Loading text="Reading the settings…" /> : null}
      <ErrorNote error={settings.error} title="The settings could not be read" />
      {data ? (
        <>
          <section className="card" aria-labelledby="keychain-title">
            <h2 id="keychain-title">Keychain</h2>
            {data.keychain.available ? (
              <p>
                <Badge tone="pass">available</Badge> Secrets are kept in{' '}
                <strong>{data.keychain.description}</strong>.
              </p>
            ) : (
              <div className="note note-error" role="alert">
                <Badge tone="fail">not available</Badge> {data.keychain.description}:{' '}
                <span className="pre-line">{data.keychain.problem}</span>
              </div>
            )}
          </section>
          <section className="card" aria-labelledby="workspace-title">
            <h2 id="workspace-title">Workspace</h2>
            <dl className="facts">
              <div>
                <dt>Folder</dt>
                <dd className="mono">{data.workspace}</dd>
              </div>
              <div>
                <dt>Configuration</dt>
                <dd className="mono">{data.configPath}</dd>
              </div>
              {info.data ? (
                <div>
                  <dt>Version</dt>
                  <dd>
                    Gatehouse {info.data.version} on {info.data.platform}
                  </dd>
                </div>
              ) : null}
            </dl>
            <button
              type="button"
              onClick={() => void switchWorkspace.run()}
              disabled={switchWorkspace.running}
            >
              Use another folder…
            </button>
            <ErrorNote error={switchWorkspace.error} title="The workspace was not changed" />
          </section>
          <PrivacyForm
            key={`privacy:${data.workspace}`}
            initial={data.privacy}
            isDefault={data.privacyIsDefault}
            onSave={(privacy) => update({ privacy })}
          />
          <section className="card" aria-labelledby="destinations-title">
            <h2 id="destinations-title">Destinations</h2>
            <p>
              {data.destinations.defaultKind
                ? `Approvals go to ${DESTINATION_NAMES[data.destinations.defaultKind]} unless another is chosen.`
                : 'No destination yet: payloads can be previewed but not approved.'}
            </p>
            <SodaCloudForm
              key={`soda:${formKey}`}
              current={data.destinations.sodaCloud}
              backend={backend}
              onSave={update}
            />
            <WebhookForm
              key={`webhook:${formKey}`}
              current={data.destinations.webhook}
              backend={backend}
              onSave={update}
            />
            <FileExportForm key={`file:${formKey}`} current={data.destinations.file} onSave={update} />
          </section>
        </>
      ) : null}
    </>
  );
}
