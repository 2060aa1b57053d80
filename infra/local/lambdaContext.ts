import type { Context } from 'aws-lambda';

/** The Lambda `context` a streaming handler gets: its remaining time counts down to `deadline`. */
export function lambdaContext(awsRequestId: string, deadline: number, timeoutMs: number): Context {
  const fail = () => {
    throw new Error('Callback-style completion is not available to streaming handlers.');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'ask-bedrock-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:ask-bedrock-local',
    memoryLimitInMB: '512',
    awsRequestId,
    logGroupName: '/aws/lambda/ask-bedrock-local',
    logStreamName: `local/${timeoutMs}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: fail,
    fail,
    succeed: fail,
  };
}
