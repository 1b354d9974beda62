// @ts-check
const {themes} = require('prism-react-renderer');

/** @type {import('@docusaurus/types').Config} */
const config = {
  title: 'Fixture',
  url: 'https://example.org',
  baseUrl: '/site/',
  presets: [
    [
      'classic',
      /** @type {import('@docusaurus/preset-classic').Options} */
      ({
        docs: {
          sidebarPath: require.resolve('./sidebars.js'),
          editUrl: ({docPath}) => `https://example.org/edit/${docPath}`,
        },
        blog: {showReadingTime: true},
      }),
    ],
  ],
  plugins: [
    [
      '@docusaurus/plugin-content-docs',
      {
        id: 'community',
        path: 'community',
        routeBasePath: 'community',
        sidebarPath: './sidebarsCommunity.json',
      },
    ],
  ],
  themeConfig: {
    footer: {copyright: `Copyright © ${new Date().getFullYear()}`},
    prism: {theme: themes.github},
  },
};

module.exports = config;
