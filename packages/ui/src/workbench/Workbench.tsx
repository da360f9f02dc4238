import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { Splitter } from '../components/Splitter';
import { PromptHost } from '../dialogs/PromptHost';
import { EditorArea } from '../editor/EditorArea';
import { Toasts } from '../notifications/Toasts';
import { Palette } from '../palette/Palette';
import { Panel } from '../panels/Panel';
import { PreviewPane } from '../preview/PreviewPane';
import { OpenFolderDialog } from '../workspace/OpenFolderDialog';
import { ActivityBar } from './ActivityBar';
import { ConnectionBanner } from './ConnectionBanner';
import { paneLimits, useLayout } from './layout-store';
import { markOnce, PERFORMANCE_MARKS } from './performance-marks';
import { SideBar } from './SideBar';
import { StatusBar } from './StatusBar';
import { useWindowTitle } from './use-window-title';

/** The IDE window: activity bar, side bar, editors over the panel, preview, status bar. */
export function Workbench() {
  const { t } = useTranslation();
  const layout = useLayout(
    useShallow((s) => ({
      sideBarVisible: s.sideBarVisible,
      panelVisible: s.panelVisible,
      previewVisible: s.previewVisible,
      sideBarWidth: s.sideBarWidth,
      panelHeight: s.panelHeight,
      previewWidth: s.previewWidth,
      resize: s.resize,
    })),
  );

  useEffect(() => markOnce(PERFORMANCE_MARKS.shellReady), []);
  useWindowTitle();

  return (
    <div className="workbench">
      <ConnectionBanner />
      <div className="workbench-body">
        <ActivityBar />
        {layout.sideBarVisible ? (
          <>
            <SideBar width={layout.sideBarWidth} />
            <Splitter
              orientation="vertical"
              pane="before"
              size={layout.sideBarWidth}
              {...paneLimits.sideBarWidth}
              label={t('layout.resizeSideBar')}
              onResize={(px) => layout.resize('sideBarWidth', px)}
              onReset={() => layout.resize('sideBarWidth', paneLimits.sideBarWidth.initial)}
            />
          </>
        ) : null}
        <div className="workbench-center">
          <EditorArea />
          {layout.panelVisible ? (
            <>
              <Splitter
                orientation="horizontal"
                pane="after"
                size={layout.panelHeight}
                {...paneLimits.panelHeight}
                label={t('layout.resizePanel')}
                onResize={(px) => layout.resize('panelHeight', px)}
                onReset={() => layout.resize('panelHeight', paneLimits.panelHeight.initial)}
              />
              <Panel height={layout.panelHeight} />
            </>
          ) : null}
        </div>
        {layout.previewVisible ? (
          <>
            <Splitter
              orientation="vertical"
              pane="after"
              size={layout.previewWidth}
              {...paneLimits.previewWidth}
              label={t('layout.resizePreview')}
              onResize={(px) => layout.resize('previewWidth', px)}
              onReset={() => layout.resize('previewWidth', paneLimits.previewWidth.initial)}
            />
            <PreviewPane width={layout.previewWidth} />
          </>
        ) : null}
      </div>
      <StatusBar />
      <Toasts />
      <Palette />
      <OpenFolderDialog />
      <PromptHost />
    </div>
  );
}
