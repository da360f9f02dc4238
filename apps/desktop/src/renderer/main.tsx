import { createCoreClient, mountWorkbench } from '@webnova/ui';
import { chooseTransport } from './transport';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const { transport, host } = await chooseTransport();
void mountWorkbench(root, { client: createCoreClient(transport), host });
