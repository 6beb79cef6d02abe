import { useEffect, useState } from 'react';
import { getAlertChannels, getAlertRules } from '../alert-api';
import { useAuth } from '../auth/context';
import { AdminForbidden } from '../components/admin/AdminForbidden';
import { ChannelForm } from '../components/alerts/ChannelForm';
import { ChannelRow } from '../components/alerts/ChannelRow';
import { RuleForm } from '../components/alerts/RuleForm';
import { RuleRow } from '../components/alerts/RuleRow';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useReloadable, type Reloadable } from '../hooks/useReloadable';
import { useCameras } from '../live/context';
import type { AlertChannel, AlertRule } from '../types';

/** What is being edited: a channel or a rule, existing or new (null). */
type Editing = { what: 'channel'; channel: AlertChannel | null } | { what: 'rule'; rule: AlertRule | null };

/** Alert administration (admin only): channels that reach people, and rules picking their captures. */
export function AlertsPage() {
  const { isAdmin } = useAuth();
  if (!isAdmin) return <AdminForbidden message="Only an admin can see and change alert channels and rules." />;
  return <AlertsAdmin />;
}

function AlertsAdmin() {
  const { cameras } = useCameras();
  const [channels, setChannels] = useState<AlertChannel[]>([]);
  const [rules, setRules] = useState<AlertRule[]>([]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const channelList = useReloadable((signal) => getAlertChannels({ signal }), setChannels, []);
  const ruleList = useReloadable((signal) => getAlertRules({ signal }), setRules, []);

  useEffect(() => {
    channelList.load();
    ruleList.load();
    return () => {
      channelList.abort();
      ruleList.abort();
    };
  }, [channelList.load, ruleList.load]);

  useEffect(() => {
    if (!flash) return;
    const timer = setTimeout(() => setFlash(null), 8_000);
    return () => clearTimeout(timer);
  }, [flash]);

  const done = (message: string) => {
    setEditing(null);
    setFlash(message);
    channelList.load();
    ruleList.load();
  };
  const channelName = (id: string) => channels.find((c) => c.id === id)?.name ?? id;
  const cameraName = (id: string) => cameras.find((c) => c.id === id)?.name ?? id;

  return (
    <div className="page alerts-page" data-testid="alerts-page">
      <div className="section-head">
        <h1 className="section-head__title">Alerts</h1>
        <span className="section-head__aside">
          Channels reach people; rules pick the captures each channel gets. Changes take effect at once.
        </span>
      </div>
      <div className="flash-slot" aria-live="polite">
        {flash ? (
          <div className="flash" data-testid="alerts-flash">
            {flash}
          </div>
        ) : null}
      </div>

      <ChannelsSection channels={channels} list={channelList} editing={editing} setEditing={setEditing} done={done} />
      <RulesSection
        rules={rules}
        channels={channels}
        list={ruleList}
        editing={editing}
        setEditing={setEditing}
        done={done}
        channelName={channelName}
        cameraName={cameraName}
      />
    </div>
  );
}

interface SectionProps {
  list: Reloadable;
  editing: Editing | null;
  setEditing: (editing: Editing | null) => void;
  /** After a change: close the form, say what happened, reload. */
  done: (message: string) => void;
}

function ChannelsSection({
  channels,
  list: channelList,
  editing,
  setEditing,
  done,
}: SectionProps & { channels: AlertChannel[] }) {
  return (
    <section className="alerts-section" aria-labelledby="channels-heading">
      <div className="section-head">
        <h2 id="channels-heading" className="panel__title">
          Channels
        </h2>
        <button
          type="button"
          className="button button--primary section-head__action"
          data-testid="channel-add"
          disabled={editing !== null}
          onClick={() => setEditing({ what: 'channel', channel: null })}
        >
          + Add channel
        </button>
      </div>
      {editing?.what === 'channel' ? (
        <ChannelForm
          key={editing.channel?.id ?? 'new'}
          channel={editing.channel}
          onSaved={(saved) => done(`Saved channel ${saved.name ?? saved.id}.`)}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      {channelList.error && channels.length === 0 ? (
        <ErrorNotice title="Could not load the channels" message={channelList.error} onRetry={channelList.load} />
      ) : !channelList.loaded ? (
        <Loading>Loading channels…</Loading>
      ) : channels.length === 0 ? (
        <div className="empty-state">No channels yet: add one to reach the safety officer.</div>
      ) : (
        <ul className="admin-list" data-testid="alert-channels">
          {channels.map((channel) => (
            <ChannelRow
              key={channel.id}
              channel={channel}
              onEdit={() => setEditing({ what: 'channel', channel })}
              onDeleted={() => done(`Deleted channel ${channel.name ?? channel.id}.`)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

interface RulesSectionProps extends SectionProps {
  rules: AlertRule[];
  channels: AlertChannel[];
  channelName: (id: string) => string;
  cameraName: (id: string) => string;
}

function RulesSection({
  rules,
  channels,
  list: ruleList,
  editing,
  setEditing,
  done,
  channelName,
  cameraName,
}: RulesSectionProps) {
  return (
    <section className="alerts-section" aria-labelledby="rules-heading">
      <div className="section-head">
        <h2 id="rules-heading" className="panel__title">
          Rules
        </h2>
        <button
          type="button"
          className="button button--primary section-head__action"
          data-testid="rule-add"
          disabled={editing !== null || channels.length === 0}
          title={channels.length === 0 ? 'Add a channel first' : undefined}
          onClick={() => setEditing({ what: 'rule', rule: null })}
        >
          + Add rule
        </button>
      </div>
      {editing?.what === 'rule' ? (
        <RuleForm
          key={editing.rule?.id ?? 'new'}
          rule={editing.rule}
          channels={channels}
          onSaved={(saved) => done(`Saved rule ${saved.id}.`)}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      {ruleList.error && rules.length === 0 ? (
        <ErrorNotice title="Could not load the rules" message={ruleList.error} onRetry={ruleList.load} />
      ) : !ruleList.loaded ? (
        <Loading>Loading rules…</Loading>
      ) : rules.length === 0 ? (
        <div className="empty-state">No rules: no capture sends an alert.</div>
      ) : (
        <ul className="admin-list" data-testid="alert-rules">
          {rules.map((rule) => (
            <RuleRow
              key={rule.id}
              rule={rule}
              channelName={channelName}
              cameraName={cameraName}
              onEdit={() => setEditing({ what: 'rule', rule })}
              onDeleted={() => done(`Deleted rule ${rule.id}.`)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
