// PushFeed data sources (one per feed of the deployment): one file per event.
export { handleAnswerUpdated } from './answerUpdated'
export { handleNewRound } from './newRound'
