/** Command ids that more than one part of the UI runs. */
export const CONFIGURE_ENDPOINT_COMMAND = 'askBedrock.configureEndpoint';
