import desktopPackage from '../../package.json';

export const webnovaVersion: string = desktopPackage.version;
